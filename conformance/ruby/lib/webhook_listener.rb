# frozen_string_literal: true

require "socket"

# A small HTTP/1.1 server for webhooks (the Ruby 3 standard library has none): keeps connections alive as the
# server's dispatcher does, hands each request's raw body and headers to one queue, and answers 200 at once.
class WebhookListener
  Request = Struct.new(:method, :target, :headers, :body)

  attr_reader :requests

  def initialize(port, static_files = {})
    @server = TCPServer.new("127.0.0.1", port)
    @static_files = static_files
    @requests = Queue.new
  end

  def start
    Thread.new do
      loop do
        socket = @server.accept
        Thread.new(socket) { |s| serve(s) }
      end
    end
    self
  end

  private

  def serve(socket)
    while (request = read_request(socket))
      if request.method == "GET" && @static_files.key?(request.target)
        body = File.binread(@static_files[request.target])
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: #{body.bytesize}\r\n\r\n")
        socket.write(body)
      else
        @requests << request
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
      end
    end
  rescue IOError, SystemCallError
    nil
  ensure
    socket.close
  end

  def read_request(socket)
    line = socket.gets("\r\n")
    return nil if line.nil? || line.strip.empty?
    method, target = line.split(" ")
    headers = {}
    while (h = socket.gets("\r\n")) && h != "\r\n"
      name, value = h.split(":", 2)
      headers[name.strip.downcase] = value.strip
    end
    body = socket.read(headers.fetch("content-length", "0").to_i) || ""
    Request.new(method, target, headers, body.force_encoding(Encoding::UTF_8))
  end
end
