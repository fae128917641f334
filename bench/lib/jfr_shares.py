"""Shares of the event loops' JFR execution samples in the HTTP meters (bench/api-samples.sh).

usage: jfr_shares.py RECORDING [FROM_ISO_TIME]
"""
import json
import subprocess
import sys

recording = sys.argv[1]
since = sys.argv[2] if len(sys.argv) > 2 else ""
events = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", recording],
                                   check=True, capture_output=True, text=True).stdout)["recording"]["events"]
total = vertx_meters = ours = micrometer = regex = jackson = 0
for event in events:
    values = event["values"]
    thread = (values.get("sampledThread") or {}).get("javaName") or ""
    # Times are ISO strings with the same offset: compared as text they sort as times.
    if "eventloop" not in thread or values["startTime"] < since:
        continue
    total += 1
    # Type names come with / or . as separators depending on the class: one form here.
    frames = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
              for f in values["stackTrace"]["frames"]]
    vertx_meters += any(f.startswith("io.vertx.micrometer") for f in frames)
    micrometer += any(f.startswith("io.micrometer") for f in frames)
    regex += any(f.startswith("java.util.regex") for f in frames)
    jackson += any(f.startswith("com.fasterxml.jackson") for f in frames)
    # Ours: the innermost frame of the service is HttpMeters, and no routing step lies above it
    # (what HttpMeters hands on through next() is the routes' time, not the meters').
    for frame in frames:
        if "RoutingContextImplBase.iterateNext" in frame or frame.endswith("RoutingContextImpl.next"):
            break
        if frame.startswith("dev.jobsservice"):
            ours += "HttpMeters" in frame
            break
if total == 0:
    sys.exit("no event-loop samples in " + recording)
def share(n):
    return f"{n} ({100 * n / total:.1f} %)"
print(f"SAMPLES event_loop={total} vertx_http_meters={share(vertx_meters)} http_meters={share(ours)}"
      f" micrometer_any={share(micrometer)} regex={share(regex)} jackson_any={share(jackson)}")
