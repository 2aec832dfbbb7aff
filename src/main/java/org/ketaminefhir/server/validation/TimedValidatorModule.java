package org.ketaminefhir.server.validation;

import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import io.micrometer.core.instrument.Timer;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Times each validation of a resource ({@code ketamine_validation_seconds}) around the validator that does it. */
final class TimedValidatorModule implements IValidatorModule {

    private final IValidatorModule validator;
    private final Timer timer;

    TimedValidatorModule(IValidatorModule validator, Timer timer) {
        this.validator = validator;
        this.timer = timer;
    }

    @Override
    public void validateResource(IValidationContext<IBaseResource> context) {
        timer.record(() -> validator.validateResource(context));
    }
}
