package org.ketaminefhir.server.clinical.summary;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The International Patient Summary's settings ({@code ketamine.summary}).
 *
 * @param author the name of the clinic, the author of every summary (an Organization in the document)
 */
@Validated
@ConfigurationProperties("ketamine.summary")
public record SummarySettings(@NotBlank String author) {}
