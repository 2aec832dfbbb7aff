package org.ketaminefhir.server.ig;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The health endpoint names the implementation guide package the server enforces. */
public class ImplementationGuideHealth implements HealthIndicator {

    private final ImplementationGuidePackage guide;

    public ImplementationGuideHealth(ImplementationGuidePackage guide) {
        this.guide = guide;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("package", guide.packageId())
                .withDetail("version", guide.version())
                .withDetail("canonical", guide.canonicalBase())
                .build();
    }
}
