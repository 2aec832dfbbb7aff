package org.ketaminefhir.server.fhir;

/** HAPI's paging links ({@code ?_getpages=[search id]&_getpagesoffset=...}): the stored search a link pages through. */
public final class PagingLinks {

    private static final String PARAMETER = "_getpages=";

    private PagingLinks() {}

    /** The search id of a paging link, or null if the URL is not one. */
    public static String searchId(String url) {
        int at = url == null ? -1 : url.indexOf(PARAMETER);
        if (at < 0) {
            return null;
        }
        int start = at + PARAMETER.length();
        int end = url.indexOf('&', start);
        return url.substring(start, end < 0 ? url.length() : end);
    }
}
