#!/usr/bin/env bash
# Adds a LabTrack user, changes a user's password or role, or removes a user, in the gateway's
# users and roles files. The format is that of quarkus-elytron-security-properties-file with
# hashed passwords: users file `name=HEX(MD5(name:realm:password))`, roles file `name=role`.
# No password is ever written in plain text.
#
#   deploy/scripts/labtrack-user.sh add alice editor             # asks for the password twice
#   LABTRACK_PASSWORD=... deploy/scripts/labtrack-user.sh add ci reader   # non-interactive
#   deploy/scripts/labtrack-user.sh add admin admin --generate   # prints a random password once
#   deploy/scripts/labtrack-user.sh remove alice
#
# Files: LABTRACK_USERS_FILE and LABTRACK_ROLES_FILE, by default deploy/compose/users.properties
# and deploy/compose/roles.properties (what docker-compose.yml mounts). The realm is part of the
# hash: LABTRACK_REALM (default LabTrack) must equal the gateway's realm name.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
users_file="${LABTRACK_USERS_FILE:-$here/../compose/users.properties}"
roles_file="${LABTRACK_ROLES_FILE:-$here/../compose/roles.properties}"
realm="${LABTRACK_REALM:-LabTrack}"

die() { echo "labtrack-user: $*" >&2; exit 2; }
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

md5_hex() {
  if command -v md5sum >/dev/null 2>&1; then printf '%s' "$1" | md5sum | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then printf '%s' "$1" | openssl md5 -r | cut -d' ' -f1
  else die "needs md5sum or openssl"; fi
}

random_password() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true; }

# Rewrites FILE without NAME's line, then appends NAME=VALUE unless VALUE is empty.
set_entry() {
  local file="$1" name="$2" value="$3" tmp
  mkdir -p "$(dirname "$file")"
  touch "$file"
  tmp="$(mktemp "$file.XXXXXX")"
  grep -v -E "^${name//./\\.}=" "$file" >"$tmp" || true
  [ -n "$value" ] && printf '%s=%s\n' "$name" "$value" >>"$tmp"
  # Readable by the gateway's non-root user in a bind mount; holds hashes, never passwords.
  chmod 0644 "$tmp"
  mv "$tmp" "$file"
}

[ $# -ge 2 ] || usage
command="$1" name="$2"
[[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || die "user names may use letters, digits and . _ @ - only"

case "$command" in
  add)
    [ $# -ge 3 ] || usage
    role="$3"
    case "$role" in reader|editor|admin) ;; *) die "role must be reader, editor or admin" ;; esac
    if [ "${4:-}" = "--generate" ]; then
      password="$(random_password)"
      generated=1
    elif [ -n "${LABTRACK_PASSWORD:-}" ]; then
      password="$LABTRACK_PASSWORD"
    else
      read -r -s -p "Password for $name: " password; echo >&2
      read -r -s -p "Again: " again; echo >&2
      [ "$password" = "$again" ] || die "the two passwords differ"
    fi
    [ "${#password}" -ge 12 ] || die "use a password of at least 12 characters"
    set_entry "$users_file" "$name" "$(md5_hex "$name:$realm:$password")"
    set_entry "$roles_file" "$name" "$role"
    if [ -n "${generated:-}" ]; then
      echo "User '$name' ($role) password, shown only now: $password"
    else
      echo "User '$name' ($role) saved."
    fi
    ;;
  remove)
    set_entry "$users_file" "$name" ""
    set_entry "$roles_file" "$name" ""
    echo "User '$name' removed."
    ;;
  *) usage ;;
esac
