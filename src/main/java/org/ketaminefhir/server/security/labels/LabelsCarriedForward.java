package org.ketaminefhir.server.security.labels;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.entity.TagTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Before the server answers its first request: every security label an earlier version of a record carried is on the
 * record itself.
 *
 * <p>The server used to store a copy of a record's tags with each version (HAPI's tag storage {@code VERSIONED}, table
 * HFJ_HISTORY_TAG); it now keeps one set per record (HFJ_RES_TAG) and HAPI shows that set on every version. A record
 * whose labels were replaced by an update under the old storage (an update sent with HAPI's
 * {@code X-Meta-Snapshot-Mode: SECURITY_LABEL}) would otherwise show its earlier, labelled versions without their
 * labels. Such labels are added back to the record (HAPI's {@code $meta-add}, which makes no new version); on a
 * database without them this is one query.
 */
public class LabelsCarriedForward implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LabelsCarriedForward.class);

    /** TagTypeEnum.SECURITY_LABEL as HAPI stores it (HFJ_TAG_DEF.TAG_TYPE is the enum's ordinal). */
    static final int SECURITY_LABEL = TagTypeEnum.SECURITY_LABEL.ordinal();

    private static final String MISSING = """
            select distinct r.res_type, r.fhir_id, d.tag_system, d.tag_code, d.tag_display
            from hfj_history_tag h
            join hfj_tag_def d on d.tag_id = h.tag_id
            join hfj_resource r on r.res_id = h.res_id
            where d.tag_type = ?
              and not exists (select 1 from hfj_res_tag t where t.res_id = h.res_id and t.tag_id = h.tag_id)
            order by r.res_type, r.fhir_id""";

    private final DataSource dataSource;
    private final DaoRegistry daos;

    public LabelsCarriedForward(DataSource dataSource, DaoRegistry daos) {
        this.dataSource = dataSource;
        this.daos = daos;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int carried = carryForward();
        if (carried > 0) {
            log.warn("Security labels of earlier versions put back on {} records", carried);
        }
    }

    /** Adds each record's missing labels; returns how many records got labels. */
    public int carryForward() {
        Map<IdType, Meta> missing = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(MISSING)) {
            query.setInt(1, SECURITY_LABEL);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    missing.computeIfAbsent(new IdType(rows.getString(1), rows.getString(2)), id -> new Meta())
                            .addSecurity()
                            .setSystem(rows.getString(3))
                            .setCode(rows.getString(4))
                            .setDisplay(rows.getString(5));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the records' security labels: " + e.getMessage(), e);
        }
        missing.forEach((id, meta) -> {
            daos.getResourceDao(id.getResourceType()).metaAddOperation(id, meta, new SystemRequestDetails());
            log.info("Security labels of earlier versions put back on {}", id.getValue());
        });
        return missing.size();
    }
}
