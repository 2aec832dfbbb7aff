package org.ketaminefhir.server.security.scopes;

/**
 * What a SMART resource scope lets a client do, in the order SMART App Launch 2.x writes them ({@code cruds}).
 * SMART 1 names map onto them: {@code read} = {@code rs}, {@code write} = {@code cud}, {@code *} = {@code cruds}.
 */
public enum Permission {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Permission(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }
}
