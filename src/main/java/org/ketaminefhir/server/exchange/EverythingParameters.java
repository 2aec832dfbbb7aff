package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Parameters;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * {@code Patient/[id]/$everything} parameters that HAPI 8.8 would accept and not apply are refused with 400, so that a
 * client asking for part of a record never takes the whole of it for that part:
 * <ul>
 *   <li>{@code _lastUpdated} (HAPI's) is applied to the resources the patient's resources reference, not to the
 *       patient's own resources ({@code _since}, FHIR's parameter, is applied: {@link EverythingSince});</li>
 *   <li>{@code start} and {@code end} (care dates) are not HAPI's;</li>
 *   <li>{@code _content}, {@code _text} and {@code _filter} need a full-text index, which the server does not keep.</li>
 * </ul>
 * {@code _type}, {@code _count} and paging are HAPI's and work (docs/exchange.md, "One patient's whole record").
 */
@Interceptor(order = RequestPath.EVERYTHING_PARAMETERS)
public class EverythingParameters {

    private static final String POSTED = EverythingParameters.class.getName() + ".posted";

    /** The refused parameters, in the order a refusal names the first of them, each with the reason. */
    private static final List<Map.Entry<String, String>> UNSUPPORTED = List.of(
            Map.entry("_lastUpdated", "_lastUpdated is not applied to the patient's own resources on $everything"),
            Map.entry("start", "start (care dates) is not supported on $everything"),
            Map.entry("end", "end (care dates) is not supported on $everything"),
            Map.entry("_content", "_content needs a full-text index, which this server does not keep"),
            Map.entry("_text", "_text needs a full-text index, which this server does not keep"),
            Map.entry("_filter", "_filter is not supported on $everything"));

    private static final String ADVICE =
            ": ask for the changes with _since (e.g. _since=2026-11-30T09:00:00Z), or search"
                    + " each type with _lastUpdated (e.g. Observation?patient=Patient/123&_lastUpdated=gt2026-11-30T09:00:00Z).";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean refuseUnapplied(RequestDetails request) {
        if ("$everything".equals(request.getOperation())) {
            Set<String> names = new HashSet<>(request.getParameters().keySet());
            postedBody(request).ifPresent(body -> body.getParameter().forEach(p -> names.add(p.getName())));
            refusal(names).ifPresent(message -> {
                throw new InvalidRequestException(message);
            });
        }
        return true;
    }

    /**
     * The Parameters body of a POSTed {@code $everything}, read here because HAPI parses it only after these checks and
     * fails with a 500 on some of them ({@code _lastUpdated} as a string); empty for a GET or a body HAPI will refuse.
     */
    static Optional<Parameters> postedBody(RequestDetails request) {
        if (request.getUserData().get(POSTED) instanceof Parameters parsed) {
            return Optional.of(parsed);
        }
        if (request.getRequestType() != RequestTypeEnum.POST) {
            return Optional.empty();
        }
        EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader(Constants.HEADER_CONTENT_TYPE));
        byte[] body = request.loadRequestContents();
        if (encoding == null || body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            Parameters parsed = encoding.newParser(request.getFhirContext())
                    .parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
            request.getUserData().put(POSTED, parsed);
            return Optional.of(parsed);
        } catch (DataFormatException notParameters) {
            return Optional.empty();
        }
    }

    /** Why these parameters are refused, if they are: the first unsupported one (in a fixed order), with advice. */
    static Optional<String> refusal(Set<String> parameters) {
        return UNSUPPORTED.stream()
                .filter(refused -> parameters.contains(refused.getKey()))
                .findFirst()
                .map(refused -> refused.getValue() + ADVICE);
    }
}
