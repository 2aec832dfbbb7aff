package org.ketaminefhir.server.support;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The clinical settings records bound from the shipped application.yaml, as the server binds them, without starting
 * Spring: the unit tests of the rules run against the real defaults, optionally with some keys overridden.
 */
public final class RuleSettings {

    private static final List<PropertySource<?>> APPLICATION_YAML = load();
    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    private RuleSettings() {}

    private static List<PropertySource<?>> load() {
        try {
            return new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record under {@code prefix} with the shipped defaults. */
    public static <T> T defaults(String prefix, Class<T> type) {
        return with(prefix, type, Map.of());
    }

    /** The record under {@code prefix}, with the given keys (full names) overriding the shipped defaults. */
    public static <T> T with(String prefix, Class<T> type, Map<String, String> overrides) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        sources.add(new MapConfigurationPropertySource(overrides));
        ConfigurationPropertySources.from(APPLICATION_YAML).forEach(sources::add);
        return new Binder(sources).bind(prefix, type).get();
    }

    /** What Bean Validation finds wrong with a settings record ("property: message"), as at start-up. */
    public static Set<String> violations(Object settings) {
        return VALIDATOR.validate(settings).stream().map(RuleSettings::describe).collect(Collectors.toSet());
    }

    private static String describe(ConstraintViolation<Object> violation) {
        return violation.getPropertyPath() + ": " + violation.getMessage();
    }
}
