#!/bin/bash
# Test support: run one command as an unprivileged user against a real polkit, without touching
# the machine's own. Run it as root inside a private mount namespace
# (`unshare -m --propagation private polkit-sandbox.sh DIR USER CMD...`), where it mounts an empty
# /run/dbus, puts DIR/actions over /usr/share/polkit-1/actions and DIR/rules over
# /etc/polkit-1/rules.d, starts a system bus and polkitd of its own, runs CMD as USER (what
# setpriv(1) allows: no new privileges beyond pkexec's own set-uid bit), and stops both daemons by
# the PIDs it recorded, whatever happens. Everything it mounts disappears with the namespace.
set -euo pipefail
dir=$1 user=$2
shift 2
dbus_pid=''
polkitd_pid=''
cleanup() {
  [ -n "$polkitd_pid" ] && kill "$polkitd_pid" 2>/dev/null || true
  [ -n "$dbus_pid" ] && kill "$dbus_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

mount -t tmpfs phonehome-test-run /run/dbus
mount --bind "$dir/actions" /usr/share/polkit-1/actions
mount --bind "$dir/rules" /etc/polkit-1/rules.d
dbus_pid=$(dbus-daemon --system --fork --print-pid)
/usr/lib/polkit-1/polkitd --no-debug >"$dir/polkitd.log" 2>&1 &
polkitd_pid=$!
# polkitd is ready once it owns its bus name; ask the bus rather than sleeping.
for _ in $(seq 1 100); do
  if dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.05
done
uid=$(id -u "$user")
gid=$(id -g "$user")
setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all -- "$@"
