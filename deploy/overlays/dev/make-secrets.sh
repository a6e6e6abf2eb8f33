#!/usr/bin/env bash
# Writes the dev overlay's secret inputs into deploy/overlays/dev/secrets/ with fresh random
# values, and an `admin` user whose password is printed once. kustomize's secretGenerator reads
# these files; git ignores them. Existing files are kept, so running it again changes nothing
# (delete secrets/ to start over).
#
#   deploy/overlays/dev/make-secrets.sh && kubectl apply -k deploy/overlays/dev
set -euo pipefail

dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
umask 077

random() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "${1:-32}" || true; }

# write NAME KEY=VALUE...: writes secrets/NAME.env unless it already exists.
write() {
  local file="$dir/$1.env"; shift
  if [ -e "$file" ]; then echo "kept    $file"; return; fi
  printf '%s\n' "$@" >"$file"
  echo "created $file"
}

write internal "internal-secret=$(random 48)" "signing-key=$(random 48)"
write database "username=labtrack" "password=$(random 32)" "root-password=$(random 32)"
write storage "access-key=labtrack-artifacts" "secret-key=$(random 40)"
write minio-root "root-user=labtrack-admin" "root-password=$(random 40)"

if [ -e "$dir/users.properties" ]; then
  echo "kept    $dir/users.properties"
else
  LABTRACK_USERS_FILE="$dir/users.properties" LABTRACK_ROLES_FILE="$dir/roles.properties" \
    "$(dirname "$0")/../../scripts/labtrack-user.sh" add admin admin --generate
fi
