#!/usr/bin/env bash
# Runs a standalone Hawtio 4 console on this machine, for connecting to a pipeline's Jolokia
# (see docs/operations.md, "Hawtio").
#
# Hawtio 4.2.0's war (io.hawt:hawtio-default, the newest Hawtio 4 on Maven Central; there is no
# runnable Hawtio 4 jar there) deployed on Jetty 12 (org.eclipse.jetty:jetty-home, ee10 = Jakarta
# EE 10). Both come from Maven Central via `mvn dependency:copy` into target/hawtio/; nothing else
# is downloaded. Runs in the foreground; stop it with Ctrl+C (or SIGTERM).
#
#   scripts/hawtio.sh            # then open http://localhost:8090/hawtio/
#   HAWTIO_PORT=8091 scripts/hawtio.sh
#
# Hawtio listens on 127.0.0.1 only and runs with its own login switched off
# (hawtio.authenticationEnabled=false), so anyone who can reach 127.0.0.1 on this machine can use it.
# Its Connect proxy may only reach localhost/127.0.0.1 (hawtio.proxyAllowlist, local address probing
# off), so it can only open the pipelines' Jolokia on this machine, under their own access policy.
set -euo pipefail

HAWTIO_VERSION="${HAWTIO_VERSION:-4.2.0}"
JETTY_VERSION="${JETTY_VERSION:-12.0.31}"
HAWTIO_PORT="${HAWTIO_PORT:-8090}"

cd "$(dirname "$0")/.."
DIR="$PWD/target/hawtio"
JETTY_HOME="$DIR/jetty-home-$JETTY_VERSION"
JETTY_BASE="$DIR/base"
WAR="$DIR/hawtio-default-$HAWTIO_VERSION.war"

mkdir -p "$DIR"
copy() { # groupId:artifactId:version:type
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$1" -DoutputDirectory="$DIR" -Dmdep.overWriteIfNewer=true
}
[ -f "$WAR" ] || copy "io.hawt:hawtio-default:$HAWTIO_VERSION:war"
if [ ! -f "$JETTY_HOME/start.jar" ]; then
  [ -f "$DIR/jetty-home-$JETTY_VERSION.tar.gz" ] || copy "org.eclipse.jetty:jetty-home:$JETTY_VERSION:tar.gz"
  tar -xzf "$DIR/jetty-home-$JETTY_VERSION.tar.gz" -C "$DIR"
fi

if [ ! -f "$JETTY_BASE/start.d/http.ini" ]; then
  mkdir -p "$JETTY_BASE"
  (cd "$JETTY_BASE" && java -jar "$JETTY_HOME/start.jar" --add-modules=ee10-deploy,http)
fi
mkdir -p "$JETTY_BASE/webapps"
cp "$WAR" "$JETTY_BASE/webapps/hawtio.war" # context path /hawtio

echo "Hawtio $HAWTIO_VERSION on Jetty $JETTY_VERSION: http://localhost:$HAWTIO_PORT/hawtio/" >&2
cd "$JETTY_BASE"
exec java -jar "$JETTY_HOME/start.jar" \
  jetty.http.host=127.0.0.1 jetty.http.port="$HAWTIO_PORT" \
  -Dhawtio.authenticationEnabled=false \
  -Dhawtio.proxyAllowlist=localhost,127.0.0.1 \
  -Dhawtio.localAddressProbing=false
