package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.server.fhir.PagingLinks;
import org.ketaminefhir.server.fhir.RequestPath;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code _since} on {@code Patient/[id]/$everything} (FHIR R4): the record holds only the resources last updated at or
 * after that instant. HAPI 8.8 has no {@code _since}, so its answer is filtered, on the first page and on each later
 * page of the same search: the instant is kept by search id ({@code ket_everything_since}), so a next link works on
 * every server of a cluster and cannot lose it. The answer then carries no {@code total} (HAPI's counts the whole
 * record), and a page may hold fewer resources than {@code _count}.
 */
@Interceptor(order = RequestPath.EVERYTHING_SINCE)
public class EverythingSince {

    static final String PARAMETER = "_since";
    private static final String SINCE = EverythingSince.class.getName();
    private static final Duration KEEP = Duration.ofDays(1);
    /** FHIR R4's instant (datatypes.html#instant): seconds and a zone are required. */
    private static final Pattern INSTANT = Pattern.compile(
            "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                    + "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))");

    private final JdbcTemplate jdbc;
    private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

    public EverythingSince(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean read(RequestDetails request) {
        if (isEverything(request)) {
            String[] given = request.getParameters().get(PARAMETER);
            String[] posted = EverythingParameters.postedBody(request)
                    .map(body -> body.getParameter().stream()
                            .filter(p -> PARAMETER.equals(p.getName()))
                            .map(p -> p.getValue() == null ? "" : p.getValue().primitiveValue())
                            .toArray(String[]::new))
                    .orElse(new String[0]);
            if (given != null || posted.length > 0) {
                String[] all = Stream.concat(
                                Arrays.stream(given == null ? new String[0] : given), Arrays.stream(posted))
                        .toArray(String[]::new);
                request.getUserData().put(SINCE, parse(all));
            }
        } else if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
            String[] searchId = request.getParameters().get("_getpages");
            if (searchId != null && searchId.length == 1) {
                List<Timestamp> since = jdbc.queryForList(
                        "SELECT since FROM ket_everything_since WHERE search_id = ?", Timestamp.class, searchId[0]);
                if (!since.isEmpty()) {
                    request.getUserData().put(SINCE, since.get(0).toInstant());
                }
            }
        }
        return true;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void leaveOutUnchanged(IPreResourceShowDetails shown, RequestDetails request) {
        if (request == null || !(request.getUserData().get(SINCE) instanceof Instant since)) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null && !changedSince(resource.getMeta().getLastUpdated(), since)) {
                shown.setResource(i, null);
            }
        }
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean remember(RequestDetails request, ResponseDetails response) {
        if (!(request.getUserData().get(SINCE) instanceof Instant since)
                || !(response.getResponseResource() instanceof Bundle bundle)) {
            return true;
        }
        bundle.setTotalElement(null);
        for (Bundle.BundleLinkComponent link : bundle.getLink()) {
            String searchId = PagingLinks.searchId(link.getUrl());
            if (searchId != null) {
                try {
                    jdbc.update(
                            "INSERT INTO ket_everything_since (search_id, since, created) VALUES (?, ?, ?)",
                            searchId,
                            Timestamp.from(since),
                            Timestamp.from(Instant.now()));
                } catch (DuplicateKeyException known) {
                    // a later page of the same search
                }
                cleanUp();
                break;
            }
        }
        return true;
    }

    /** The instant of a {@code _since} parameter: given once, with a time and a zone (an R4 instant). */
    static Instant parse(String[] given) {
        if (given.length != 1) {
            throw new InvalidRequestException("_since may be given once on $everything");
        }
        try {
            if (!INSTANT.matcher(given[0]).matches()) {
                throw new DateTimeParseException("not an R4 instant", given[0], 0);
            }
            return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(given[0]));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("_since must be an instant with a time zone, e.g. 2026-11-30T09:00:00Z "
                    + "or 2026-11-30T10:00:00+01:00; '" + given[0] + "' is not one");
        }
    }

    /** True if a resource last updated then is in a record asked for {@code _since} that instant. */
    static boolean changedSince(Date lastUpdated, Instant since) {
        return lastUpdated != null && !lastUpdated.toInstant().isBefore(since);
    }

    private void cleanUp() {
        Instant last = lastCleanup.get();
        if (last.plus(Duration.ofHours(1)).isBefore(Instant.now()) && lastCleanup.compareAndSet(last, Instant.now())) {
            jdbc.update(
                    "DELETE FROM ket_everything_since WHERE created < ?",
                    Timestamp.from(Instant.now().minus(KEEP)));
        }
    }

    private static boolean isEverything(RequestDetails request) {
        return "$everything".equals(request.getOperation());
    }
}
