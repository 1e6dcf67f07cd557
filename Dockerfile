# Brisk's container image: built from this checkout with Maven, run on a JRE as a non-root user.
#   docker build -t brisk .
#   docker run -p 8000:8000 -e BRISK_ADMIN_KEY=... brisk
# Every BRISK_* variable of the README's configuration table applies; BRISK_JAVA_OPTS holds the
# JVM's heap and GC options.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl server -am package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /var/lib/brisk brisk
COPY --from=build /src/server/target/brisk.jar /opt/brisk/brisk.jar
USER brisk
WORKDIR /var/lib/brisk
ENV BRISK_HOST=0.0.0.0 \
    BRISK_PORT=8000 \
    BRISK_DB_URL=jdbc:sqlite:/var/lib/brisk/data/brisk.db \
    MALLOC_ARENA_MAX=2 \
    BRISK_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:G1PeriodicGCInterval=60000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseStringDeduplication -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError"
EXPOSE 8000 8502
# /ready is 503 while a component the service needs is down (database, Kafka consumer, ...).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${BRISK_PORT}/ready" > /dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $BRISK_JAVA_OPTS -jar /opt/brisk/brisk.jar \"$@\"", "brisk"]
CMD ["serve"]
