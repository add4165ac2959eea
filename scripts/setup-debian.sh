#!/usr/bin/env bash
# Set up a Debian/Ubuntu machine to build, run and test PhoneHome: the system packages, then the
# npm dependencies. Safe to run again. Uses sudo when not already root.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# tshark: the oracle for the corpus tests and the reader check of saved captures.
# chromium: the browser the end-to-end tests drive (Playwright's own download is not used).
# libpcap-dev, g++, make, python3: to build the `cap` native module for live capture.
# iproute2: network namespaces for the live-capture tests and the lab; ngrep: a peer in `npm run bench`.
# dnsmasq-base, nftables, ethtool, iw, hostapd: the hotspot providers (dnsmasq-base has no service
# that would start by itself); udhcpc: the lab phone's DHCP client; openssl: the lab's TLS
# certificate; tcpreplay: the live benchmark. pkexec (with polkitd), dbus-daemon, dbus-bin: the
# pkexec capture backend, which the tests run against a polkitd and system bus of their own in a
# private mount namespace (nothing of the machine's own is started or changed).
PACKAGES=(tshark chromium libpcap-dev g++ make python3 iproute2 ngrep fonts-dejavu-core ca-certificates
  dnsmasq-base nftables ethtool iw hostapd udhcpc openssl tcpreplay pkexec dbus-daemon dbus-bin)

echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

# The Electron binary is downloaded by its postinstall script where the network allows it; set
# ELECTRON_SKIP_BINARY_DOWNLOAD=1 to skip it (headless machines use `phonehome serve`).
npm ci
