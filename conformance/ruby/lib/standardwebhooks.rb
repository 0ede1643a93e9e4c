# frozen_string_literal: true

# Stand-in for the "standardwebhooks" gem, which the Telnyx SDK requires but Debian does not package. The SDK replaces
# the gem's check with its own Ed25519 verification (lib/telnyx/lib/webhooks_ed25519.rb), so nothing here is called
# on the paths the tests use; a call that does reach it fails loudly rather than passing unchecked.
module StandardWebhooks
  class Webhook
    def initialize(secret)
      @secret = secret
    end

    def verify(_payload, _headers)
      raise NotImplementedError, "standardwebhooks stand-in: the Telnyx SDK's Ed25519 unwrap should have been used"
    end
  end
end
