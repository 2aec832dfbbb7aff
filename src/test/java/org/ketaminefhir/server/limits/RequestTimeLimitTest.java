package org.ketaminefhir.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.transaction.TransactionTimedOutException;

/** Which failures are a request running out of time (408), however deep HAPI wrapped them. */
class RequestTimeLimitTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        new InternalErrorException("x", new TransactionTimedOutException("deadline passed")), true),
                Arguments.of(
                        new InternalErrorException(
                                "x", new org.hibernate.TransactionException("transaction timeout expired")),
                        true),
                Arguments.of(
                        new InternalErrorException(
                                "x",
                                new RuntimeException(
                                        new SQLException("canceling statement due to statement timeout", "57014"))),
                        true),
                Arguments.of(
                        new InternalErrorException("x", new jakarta.persistence.QueryTimeoutException("slow")), true),
                Arguments.of(new InternalErrorException("x", new SQLException("duplicate key", "23505")), false),
                Arguments.of(new ResourceVersionConflictException("conflict"), false),
                Arguments.of(
                        new InternalErrorException(
                                "x", new org.hibernate.TransactionException("no transaction is in progress")),
                        false));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aTimeoutAnywhereInTheChainIsA408(Throwable failure, boolean timedOut) {
        assertThat(RequestTimeLimit.timedOut(failure)).isEqualTo(timedOut);
        assertThat(new RequestTimeLimit(Duration.ofSeconds(120)).answer(failure))
                .satisfies(answer -> {
                    if (timedOut) {
                        assertThat(answer.getStatusCode()).isEqualTo(408);
                        assertThat(answer.getMessage()).contains("120 s").contains("nothing was stored");
                    } else {
                        assertThat(answer).isNull();
                    }
                });
    }
}
