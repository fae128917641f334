# jobs-service: one image for every role (JOBS_ROLE=all | api | worker).
#   docker build -t jobs-service .
#   docker run -p 8080:8080 -e REDIS_URL=redis://redis-host:6379 jobs-service
# Linted in CI (.ci/run, dockerfilelint); no Docker engine runs there, so it is not built there.

# --- build: Maven resolves the dependencies in a layer of their own, reused until pom.xml changes.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY conf ./conf
COPY src ./src
RUN mvn -B -q package -DskipTests

# --- runtime: a JRE only (Ubuntu-based, so bash for the HEALTHCHECK; no curl, no Maven, no JDK).
FROM eclipse-temurin:17-jre
WORKDIR /app
# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a numeric one. It owns
# data/, where the embedded Redis keeps its files when no REDIS_URL is given.
RUN groupadd --system --gid 10001 jobs \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home jobs \
    && mkdir -p /app/data /app/conf \
    && chown 10001:10001 /app/data
COPY --from=build /src/target/jobs-service.jar /app/jobs-service.jar
COPY conf/config.json /app/conf/config.json
COPY docker/healthcheck.sh /app/healthcheck.sh
# A class-data-sharing archive of the classes start-up loads (a third off the time to ready): a
# training run that starts (an embedded Redis on a port of its own) and stops at once. If the
# training cannot run in a build environment, the image is built without it (-Xshare:auto below
# then starts without an archive).
RUN cd /tmp && (REDIS_URL= REDIS_EMBEDDED_PORT=16399 REDIS_EMBEDDED_DIR=/tmp/train HTTP_PORT=0 LOG_LEVEL=WARN \
      java -XX:ArchiveClassesAtExit=/app/jobs-service.jsa -jar /app/jobs-service.jar --exit-when-ready \
      || echo "no class-data archive: the training run failed") \
    && rm -rf /tmp/train
USER 10001:10001

# The settings a deployment chooses (see `java -jar jobs-service.jar --help` for all of them).
# REDIS_URL is empty, which the service reads as unset: it then looks on localhost:6379, then
# starts an embedded Redis. A container should always be given one (and REDIS_PASSWORD).
ENV JOBS_ROLE=all \
    JOBS_WORKERS=4 \
    REDIS_URL="" \
    HTTP_PORT=8080 \
    LOG_FORMAT=plain
# The API; in a worker-only container, /health and /metrics alone.
EXPOSE 8080

# No --start-period: start-up takes seconds, well inside 3 tries 30 s apart (and dockerfilelint
# 1.8.0 misreads that option's hyphen as an invalid one).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["/app/healthcheck.sh"]

# The heap follows the container's memory limit, leaving 30% for metaspace, threads and Netty's
# direct buffers. Exec form: the JVM is PID 1 and gets SIGTERM itself, which finishes running
# jobs before it exits (give it a stop timeout longer than the longest job).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:SharedArchiveFile=/app/jobs-service.jsa", "-Xshare:auto", "-jar", "/app/jobs-service.jar"]
