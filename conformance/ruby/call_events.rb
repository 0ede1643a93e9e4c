# Lists one call's events through the official Telnyx Ruby SDK (client.call_events.list) and prints each typed item,
# one line per item: its model class, type, name and call_leg_id; then the page's meta. Env: BASE_URL, API_KEY,
# LEG_ID, PAGE_SIZE.
require "telnyx"

client = Telnyx::Client.new(api_key: ENV.fetch("API_KEY"), base_url: ENV.fetch("BASE_URL"))
page = client.call_events.list(filter: {leg_id: ENV.fetch("LEG_ID")}, page_size: Integer(ENV.fetch("PAGE_SIZE")))
count = 0
page.auto_paging_each do |event|
  count += 1
  puts [event.class.name, event.type, event.name, event.call_leg_id, event.record_type,
        event.event_timestamp.is_a?(String), event.metadata.is_a?(Hash)].join(" ")
end
puts "items #{count} first_page #{page.data.length} total_pages #{page.meta&.total_pages}"
