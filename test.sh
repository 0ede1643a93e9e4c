#!/usr/bin/env bash
# Runs the whole test suite, real-peer tests included. Installs what the tests need with apt-get when it is
# missing: SIPp, baresip, sox, tshark, espeak-ng (speech for the DTMF talk-off test), Kamailio (the SIP front of a
# cluster), chromium (the console's browser test), PostgreSQL (the storage tests start their own throwaway server
# from its binaries), and Ruby with its connection_pool library (the official Telnyx Ruby SDK, read from
# ../shared/sdk, runs on them). So it works on a fresh Debian machine with only a JDK, Maven and Node.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v baresip >/dev/null 2>&1 || missing+=(baresip-core)
command -v sox >/dev/null 2>&1 || missing+=(sox)
command -v tshark >/dev/null 2>&1 || missing+=(tshark)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
[ -x /usr/sbin/kamailio ] || missing+=(kamailio)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
{ command -v ruby >/dev/null 2>&1 && ruby -rconnection_pool -e 0 >/dev/null 2>&1; } || missing+=(ruby-connection-pool)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
  echo "installing test peers: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The official Telnyx Node SDK, pinned in conformance/node/package-lock.json, drives a real call in the suite.
if [ ! -d conformance/node/node_modules/telnyx ]; then
  (cd conformance/node && npm ci --no-audit --no-fund)
fi
# puppeteer-core, pinned in conformance/browser/package-lock.json, drives Debian's chromium in the console's test.
if [ ! -d conformance/browser/node_modules/puppeteer-core ]; then
  (cd conformance/browser && npm ci --no-audit --no-fund)
fi

exec mvn -B -ntp verify "$@"
