# Multi-stage build of the server image used by docker-compose.yml.

# The clinician dashboard (TypeScript + Vite), built and unit-tested with Node 20 into /build/target/dashboard.
FROM node:20-slim AS dashboard
WORKDIR /build/src/main/webapp
COPY src/main/webapp/package.json src/main/webapp/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/main/webapp ./
# Its unit tests read the IG's examples and the vital-sign alert boundaries it shares with the server's tests.
COPY ig/fsh-generated /build/ig/fsh-generated
COPY src/test/resources/vital-sign-alerts /build/src/test/resources/vital-sign-alerts
RUN npm run build && npm test

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY scripts scripts
COPY src src
COPY ig/fsh-generated ig/fsh-generated
COPY --from=dashboard /build/target/dashboard target/dashboard
# The IG is compiled from FSH by scripts/build-ig and committed; the image packages the generated resources. The
# dashboard was built in the stage above (-Dskip.npm: this stage has no Node). The package step lays the server out in
# target/server (scripts/aot-cache); its AOT cache is trained below, on the JVM that runs it (-Daot.skip here).
RUN mvn -B -q -DskipTests -Dskip.npm -Daot.skip=true package

# The code is built for Java 17; it runs on JDK 25 with an ahead-of-time cache (JEP 483/514/515, docs/performance.md).
FROM eclipse-temurin:25-jre
# curl serves the compose health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/ketamine-fhir --create-home fhir
WORKDIR /app
COPY --from=build /build/target/server /app/server
# The AOT cache, trained as scripts/aot-cache does: one start on an embedded database in a scratch directory (context
# refreshed: schema made, IG installed), then exit. It must be made by this image's JVM with the run's flags.
RUN java -XX:MaxRAMPercentage=50 -XX:MetaspaceSize=192m -XX:+UseParallelGC \
        -XX:AOTCacheOutput=/app/server/ketamine-fhir-server.aot -Xlog:aot=error -Xlog:cds=error \
        -Dspring.context.exit=onRefresh -jar /app/server/ketamine-fhir-server.jar \
        --ketamine.data-dir=/tmp/aot-training --server.port=0 --ketamine.security.demo.enabled=false \
        --logging.level.root=WARN \
    && rm -rf /tmp/aot-training
USER fhir
ENV KETAMINE_DATA_DIR=/var/lib/ketamine-fhir
EXPOSE 8080
# The JVM settings of the production run (pom.xml server.jvm.options, scripts/serve), with the heap as a share of the
# container's memory: docker-compose.yml's mem_limit of 1536m gives the same 768 MB heap (docs/performance.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:MetaspaceSize=192m", "-XX:+UseParallelGC", "-XX:AOTCache=/app/server/ketamine-fhir-server.aot", "-jar", "/app/server/ketamine-fhir-server.jar"]
