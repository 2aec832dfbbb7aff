package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Remembers the transaction (or batch entry) bundle a request is processing, so that the storage hooks of its entries
 * can see the whole bundle: HAPI writes a transaction's entries one by one in one database transaction, and its
 * searches do not see the entries written before the one being stored.
 */
@Interceptor(order = RequestPath.TRANSACTION_BUNDLES)
public class TransactionBundles {

    private static final String KEY = TransactionBundles.class.getName() + ".bundle";

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void remember(IBaseBundle bundle, RequestDetails request) {
        if (bundle instanceof Bundle r4 && request != null) {
            request.getUserData().put(KEY, r4);
        }
    }

    /** The bundle the request is processing, or null if it is not a transaction or batch. */
    public static Bundle of(RequestDetails request) {
        return request != null && request.getUserData().get(KEY) instanceof Bundle bundle ? bundle : null;
    }
}
