package org.ketaminefhir.server.security.authserver;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.security.authserver.ClinicUsers.ClinicUser;
import org.ketaminefhir.server.security.scopes.ScopePolicy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.HtmlUtils;

/**
 * The patient picker of a standalone launch: a clinician who signs in for an app asking for {@code launch/patient}
 * chooses the patient before the app gets its code. The filter sends the authorization request to the picker; the
 * picker remembers the choice in the sign-in session and sends the user back.
 */
public class PatientPicker {

    public static final String PATH = "/smart/patient-picker";

    private final ClinicUsers users;
    private final DaoRegistry daos;

    public PatientPicker(ClinicUsers users, DaoRegistry daos) {
        this.users = users;
        this.daos = daos;
    }

    /** Sends a clinician's {@code launch/patient} authorization request to the picker until a patient is chosen. */
    public OncePerRequestFilter filter() {
        return new PatientPickRedirect();
    }

    /** Sends an authorization request that still needs a patient to the picker first. */
    final class PatientPickRedirect extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (needsPick(request)) {
                String back = request.getRequestURI() + "?" + request.getQueryString();
                response.sendRedirect(request.getContextPath() + PATH + "?client_id="
                        + URLEncoder.encode(request.getParameter("client_id"), StandardCharsets.UTF_8)
                        + "&return=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    private boolean needsPick(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || !request.getRequestURI().endsWith("/oauth2/authorize")) {
            return false;
        }
        String scope = request.getParameter("scope");
        String clientId = request.getParameter("client_id");
        if (scope == null
                || clientId == null
                || !List.of(scope.split(" ")).contains("launch/patient")
                || request.getParameter("launch") != null) {
            return false;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || "anonymousUser".equals(user.getPrincipal())) {
            return false;
        }
        ClinicUser clinicUser = users.find(user.getName()).orElse(null);
        return clinicUser != null
                && clinicUser.patientId() == null
                && SmartAuthorizationRequests.pickedPatient(request, clientId) == null;
    }

    /** The page itself (a Spring MVC controller). */
    public Page page() {
        return new Page();
    }

    @org.springframework.stereotype.Controller
    public class Page {

        @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
        @ResponseBody
        public String show(
                @RequestParam("client_id") String clientId,
                @RequestParam("return") String back,
                @RequestParam(value = "name", required = false) String name,
                HttpServletRequest request) {
            checkReturn(back, request);
            checkMayPick();
            SearchParameterMap search = SearchParameterMap.newSynchronous();
            search.setCount(50);
            search.setSort(new SortSpec(Patient.SP_FAMILY));
            if (name != null && !name.isBlank()) {
                search.add(Patient.SP_NAME, new StringParam(name));
            }
            List<Patient> patients =
                    daos.getResourceDao(Patient.class).searchForResources(search, new SystemRequestDetails()).stream()
                            .map(Patient.class::cast)
                            .toList();
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Choose a patient</title>"
                    + "<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;color:#1a1a1a}"
                    + "li{margin:.4rem 0}button{padding:.4rem 1rem}</style></head><body>"
                    + "<h1>Choose a patient</h1><p>The app <strong>" + esc(clientId)
                    + "</strong> asks to open one patient's record.</p>"
                    + "<form method=\"get\" action=\"" + esc(request.getContextPath() + PATH) + "\">"
                    + "<input type=\"hidden\" name=\"client_id\" value=\"" + esc(clientId) + "\">"
                    + "<input type=\"hidden\" name=\"return\" value=\"" + esc(back) + "\">"
                    + "<label>Name <input name=\"name\" value=\"" + esc(name == null ? "" : name) + "\"></label> "
                    + "<button type=\"submit\">Find</button></form>"
                    + "<form method=\"post\" action=\"" + esc(request.getContextPath() + PATH) + "\"><ul>");
            for (Patient patient : patients) {
                String id = patient.getIdElement().getIdPart();
                html.append("<li><label><input type=\"radio\" name=\"patient\" value=\"")
                        .append(esc(id))
                        .append("\" required> ")
                        .append(esc(patient.getNameFirstRep().getNameAsSingleString()))
                        .append(
                                patient.hasBirthDate()
                                        ? " (born "
                                                + esc(patient.getBirthDateElement()
                                                        .getValueAsString()) + ")"
                                        : "")
                        .append("</label></li>");
            }
            if (patients.isEmpty()) {
                html.append("<li>No patients found.</li>");
            }
            html.append("</ul><input type=\"hidden\" name=\"client_id\" value=\"")
                    .append(esc(clientId))
                    .append("\">")
                    .append("<input type=\"hidden\" name=\"return\" value=\"")
                    .append(esc(back))
                    .append("\">");
            if (csrf != null) {
                html.append("<input type=\"hidden\" name=\"")
                        .append(esc(csrf.getParameterName()))
                        .append("\" value=\"")
                        .append(esc(csrf.getToken()))
                        .append("\">");
            }
            html.append("<button type=\"submit\">Open this patient</button></form></body></html>");
            return html.toString();
        }

        @PostMapping(PATH)
        public void pick(
                @RequestParam("client_id") String clientId,
                @RequestParam("return") String back,
                @RequestParam("patient") String patient,
                HttpServletRequest request,
                HttpServletResponse response)
                throws IOException {
            checkReturn(back, request);
            checkMayPick();
            try {
                daos.getResourceDao(Patient.class).read(new IdType("Patient", patient), new SystemRequestDetails());
            } catch (ResourceNotFoundException | IllegalArgumentException e) {
                response.sendError(400, "No such patient");
                return;
            }
            request.getSession(true).setAttribute(SmartAuthorizationRequests.PICKED_PATIENT + clientId, patient);
            response.sendRedirect(back);
        }

        /** The list names every patient: only a user who may read patients (and is not one) may see it. */
        private void checkMayPick() {
            Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
            ClinicUser user =
                    signedIn == null ? null : users.find(signedIn.getName()).orElse(null);
            if (user == null
                    || user.patientId() != null
                    || !ScopePolicy.covers(user.allowedScopes(), "user/Patient.rs")) {
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only a user who may read patients picks one");
            }
        }

        /** Only back to this server's own authorization endpoint: no open redirect. */
        private void checkReturn(String back, HttpServletRequest request) {
            if (!back.startsWith(request.getContextPath() + "/oauth2/authorize?")) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "return must be this server's authorization endpoint");
            }
        }
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
