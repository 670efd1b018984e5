#!/usr/bin/env bash
# Shows what this machine's Chromium does with the sample's device-binding offer.
#
# Starts the sample jar with session-starter.device-binding.enabled=true on a loopback port,
# drives Debian's Chromium (through chromedriver's WebDriver API, with curl) with the switches
# the DBSC authors give for testing without a TPM, signs in as alice, and then reports from
# Chromium's NetLog and the sample's audit log whether the browser registered a key.
#
# Needs: the sample jar (./mvnw -pl session-starter-sample -am package -DskipTests),
# /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver),
# curl and python3. Output goes to target/dbsc-probe/ (netlog.json, sample.log, summary.txt).
# Exit status 0 when Chromium registered, 1 when it did not, 2 when the probe could not run.
set -euo pipefail
cd "$(dirname "$0")"
OUT=target/dbsc-probe
PORT=${PORT:-18080}
DRIVER_PORT=${DRIVER_PORT:-19515}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
FEATURES="DeviceBoundSessions:RequireOriginTrialTokens/false/RefreshQuota/false,PersistDeviceBoundSessions,EnableBoundSessionCredentialsSoftwareKeysForManualTesting"
JAR=$(ls target/session-starter-sample-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$JAR" ]; then
	echo "No sample jar: run ./mvnw -pl session-starter-sample -am package -DskipTests first" >&2
	exit 2
fi
rm -rf "$OUT" && mkdir -p "$OUT"
PROFILE=$(mktemp -d)
java -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" --sample.idp.port=0 \
	--session-starter.device-binding.enabled=true --logging.level.dev.sessionstarter.audit=info \
	>"$OUT/sample.log" 2>&1 &
APP=$!
/usr/bin/chromedriver --port="$DRIVER_PORT" >"$OUT/chromedriver.log" 2>&1 &
DRIVER=$!
trap 'kill "$APP" "$DRIVER" 2>/dev/null || true; rm -rf "$PROFILE"' EXIT
BASE="http://localhost:$PORT"
WD="http://127.0.0.1:$DRIVER_PORT"
for _ in $(seq 1 120); do
	curl -sf -o /dev/null "$BASE/login" && break
	sleep 1
done
curl -sf -o /dev/null "$BASE/login" || { echo "The sample did not start; see $OUT/sample.log" >&2; exit 2; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
CAPS=$(python3 - "$CHROMIUM" "$PROFILE" "$FEATURES" "$PWD/$OUT/netlog.json" <<'PY'
import json, sys
chromium, profile, features, netlog = sys.argv[1:5]
args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
        "--enable-features=" + features, "--log-net-log=" + netlog, "--net-log-capture-mode=IncludeSensitive"]
print(json.dumps({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": chromium, "args": args}}}}))
PY
)
SESSION=$(curl -sf "$WD/session" -H 'Content-Type: application/json' -d "$CAPS" | json "['value']['sessionId']")
S="$WD/session/$SESSION"
post() { curl -sf "$S/$1" -H 'Content-Type: application/json' -d "$2"; }
element() { post element "{\"using\":\"css selector\",\"value\":\"$1\"}" | json "['value']['element-6066-11e4-a52e-4f735466cecf']"; }
post url "{\"url\":\"$BASE/login\"}" >/dev/null
post "element/$(element '#username')/value" '{"text":"alice"}' >/dev/null
post "element/$(element '#password')/value" '{"text":"password"}' >/dev/null
post "element/$(element '#login-form button[type=submit]')/click" '{}' >/dev/null
# Registration runs in the background after the login response: give it time, then load a
# page in the session's scope.
sleep 8
post url "{\"url\":\"$BASE/account\"}" >/dev/null
sleep 2
# Closing the browser finishes the NetLog file.
curl -sf -X DELETE "$S" >/dev/null

python3 - "$OUT" <<'PY' | tee "$OUT/summary.txt"
import json, sys
out = sys.argv[1]
text = open(out + "/netlog.json").read()
try:
    log = json.loads(text)
except ValueError:
    # A browser that did not exit cleanly leaves the events list unterminated.
    log = json.loads(text.rstrip().rstrip(",") + "]}")
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
events = [(names.get(e["type"], "?"), json.dumps(e.get("params", {}))) for e in log["events"]]
print("Chromium", log["constants"]["clientInfo"].get("version"))
print("field trials:", log["constants"].get("activeFieldTrialGroups"))
print("offer received (Secure-Session-Registration in a response):",
      any("Secure-Session-Registration" in p for _, p in events))
print("DBSC events in the NetLog:", sorted({n for n, _ in events if n.startswith("DBSC")}) or "none")
print("requests to /dbsc/registration:", sum(1 for n, p in events if n == "URL_REQUEST_START_JOB" and "/dbsc/registration" in p))
print("requests to /dbsc/refresh:", sum(1 for n, p in events if n == "URL_REQUEST_START_JOB" and "/dbsc/refresh" in p))
audit = open(out + "/sample.log").read()
print("sample audit log, device-bound events:", audit.count("device-bound"))
PY
grep -q "device-bound events: [1-9]" "$OUT/summary.txt"
