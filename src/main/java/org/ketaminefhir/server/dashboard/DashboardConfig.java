package org.ketaminefhir.server.dashboard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The clinician dashboard, a SMART app built from {@code src/main/webapp} into the jar under {@code static/dashboard}
 * and served at {@code /dashboard/} (public files; the data it shows comes through the FHIR API with the user's token).
 */
@Configuration
@EnableConfigurationProperties(DashboardSettings.class)
public class DashboardConfig implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }
}
