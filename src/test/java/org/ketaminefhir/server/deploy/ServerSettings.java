package org.ketaminefhir.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings the server reads: every property in the Spring configuration metadata on its classpath (Spring Boot's
 * own and the {@code hapi.fhir.*} / {@code ketamine.*} metadata generated from this project), plus the environment
 * placeholders its own application yaml files use. Answers which environment variables map to none of them (for
 * docker-compose.yml) and which key a variable sets (for the configuration reference, {@code docs/configuration.md}).
 */
public final class ServerSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::[^}]*)?}");

    private final Set<ConfigurationPropertyName> properties;
    private final Set<String> placeholders;

    private ServerSettings(Set<ConfigurationPropertyName> properties, Set<String> placeholders) {
        this.properties = properties;
        this.placeholders = placeholders;
    }

    public static ServerSettings load(Path resourcesDir) throws IOException {
        Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> metadata =
                ServerSettings.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (metadata.hasMoreElements()) {
            try (InputStream in = metadata.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (ConfigurationPropertyName.isValid(name)) {
                        names.add(ConfigurationPropertyName.of(name));
                    }
                }
            }
        }
        Set<String> placeholders = new TreeSet<>();
        try (var files = Files.list(resourcesDir)) {
            for (Path yaml : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                    .toList()) {
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(yaml));
                while (matcher.find()) {
                    placeholders.add(matcher.group(1));
                }
            }
        }
        return new ServerSettings(names, placeholders);
    }

    public boolean knowsProperty(String name) {
        return properties.contains(ConfigurationPropertyName.of(name));
    }

    /** The variables, of those given, that set no property the server reads and fill no placeholder it uses. */
    public List<String> unreadVariables(Collection<String> variables) {
        List<String> unread = new ArrayList<>();
        for (String variable : variables) {
            if (!placeholders.contains(variable) && !setsAProperty(variable)) {
                unread.add(variable);
            }
        }
        return unread;
    }

    /** Whether Spring's relaxed binding maps this environment variable onto a known property. */
    private boolean setsAProperty(String variable) {
        ConfigurationPropertySource source = environment(variable);
        return properties.stream().anyMatch(property -> source.getConfigurationProperty(property) != null);
    }

    /** Whether Spring's relaxed binding maps this environment variable onto the property {@code name}. */
    public static boolean variableSets(String variable, String name) {
        return environment(variable).getConfigurationProperty(ConfigurationPropertyName.of(name)) != null;
    }

    private static ConfigurationPropertySource environment(String variable) {
        return ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x")));
    }
}
