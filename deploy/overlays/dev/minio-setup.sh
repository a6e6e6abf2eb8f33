#!/bin/sh
# Creates the artifact bucket and a least-privilege MinIO account for artifact-service.
# Idempotent: docker-compose.yml's minio-setup runs it on every `up`, the dev overlay's Job on
# every apply. Runs in the minio/mc image (POSIX sh).
set -eu
: "${MINIO_URL:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${BUCKET:?}"
: "${SERVICE_ACCESS_KEY:?}" "${SERVICE_SECRET_KEY:?}"

# mc keeps its aliases in a config directory; /tmp is the only writable place in the Job.
config_dir="${MC_CONFIG_DIR:-/tmp/.mc}"
mcx() { mc --config-dir "$config_dir" "$@"; }

mcx alias set labtrack "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mcx mb --ignore-existing "labtrack/$BUCKET"

# Objects in the bucket, nothing else: no bucket creation or deletion, no other bucket.
policy="$(mktemp)"
cat >"$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow",
     "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
     "Resource": ["arn:aws:s3:::$BUCKET"]},
    {"Effect": "Allow",
     "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::$BUCKET/*"]}
  ]
}
JSON
mcx admin policy create labtrack labtrack-artifacts "$policy"
rm -f "$policy"

# `user add` on an existing user updates its secret key.
mcx admin user add labtrack "$SERVICE_ACCESS_KEY" "$SERVICE_SECRET_KEY"
# `policy attach` refuses a policy that is already attached; accept that case only. (No grep:
# the mc image is minimal.)
if ! mcx admin policy attach labtrack labtrack-artifacts --user "$SERVICE_ACCESS_KEY" 2>/dev/null; then
  info="$(mcx admin user info labtrack "$SERVICE_ACCESS_KEY")"
  case "$info" in
    *labtrack-artifacts*) ;;
    *) echo "minio-setup: could not attach policy labtrack-artifacts to $SERVICE_ACCESS_KEY" >&2; exit 1 ;;
  esac
fi
echo "minio-setup: bucket '$BUCKET' ready; account '$SERVICE_ACCESS_KEY' limited to it"
