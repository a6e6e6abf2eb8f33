#!/usr/bin/env bash
# Records a LabTrack service's class-data archive (AppCDS) while its container image is built.
# Only the JVM that records an archive can map it, so this runs in the runtime stage with the
# image's own java. The service is started and stopped with SIGTERM once its management port
# answers, or stops by itself (tracking-service finds no database during a build, after its
# persistence layer has booted); the JVM writes the classes it loaded while it exits.
#
#   record-class-data.sh <quarkus-run.jar> <archive> <management port> [java option ...]
#   (absolute paths: the service runs in a scratch directory)

# Not -e: the service's own exit status (143 after SIGTERM, 1 without a database) is expected;
# what matters is the archive.
set -u
jar=$1 archive=$2 port=$3
shift 3
# A scratch working directory, removed afterwards: what a service creates at relative default
# paths (artifact-service's ./labtrack-data) must not stay in the image.
work=$(mktemp -d)
log="$work/record.log"
cd "$work" || exit 1
# From JDK 25 on (a RUNTIME_IMAGE with a JRE 25+) the JVM records an AOT cache in the run it
# trains on (JEP 514): classes loaded and linked, and method profiles. The -XX:SharedArchiveFile
# of the image's JAVA_OPTS maps it as it maps a dynamic archive, and the service starts faster
# still (BENCHMARKS.md, twenty-third session).
if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
  record=(-XX:AOTCacheOutput="$archive" -Xlog:aot=off -Xlog:cds=off)
else
  record=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# A fixed small heap: an archive is mapped only under the compressed-oops setting it was recorded
# with, and a pod's heap (under 32 GB) has them, whatever memory the build machine has.
java -Xmx256m "$@" "${record[@]}" -jar "$jar" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  kill -0 "$pid" 2>/dev/null || break
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
status=0
if [ ! -s "$archive" ]; then
  cat "$log" >&2
  echo "record-class-data: $jar recorded no archive at $archive" >&2
  status=1
fi
cd / && rm -rf "$work"
exit $status
