# Multi-stage build of the server image used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY ig/fsh-generated ig/fsh-generated
# The IG is compiled from FSH by scripts/build-ig and committed; the image packages the generated resources.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl serves the compose health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/ketamine-fhir --create-home fhir
WORKDIR /app
COPY --from=build /build/target/ketamine-fhir-server.jar app.jar
USER fhir
ENV KETAMINE_DATA_DIR=/var/lib/ketamine-fhir
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
