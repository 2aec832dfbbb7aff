package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.search.mapper.orm.cfg.HibernateOrmMapperSettings;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.database.HapiSchemaMigration;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.ketaminefhir.server.fhir.TransactionBundles;
import org.ketaminefhir.server.limits.RequestBoundTransactionManager;
import org.ketaminefhir.server.limits.RequestLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The storage side of HAPI's JPA server: storage settings, the entity manager on the configured data source, and the
 * few beans HAPI expects its host application to provide.
 */
@Configuration
@EnableConfigurationProperties(FhirServerProperties.class)
@Import(ThreadPoolFactoryConfig.class)
public class JpaStorageConfig {

    @Bean
    public JpaStorageSettings jpaStorageSettings(FhirServerProperties properties, RequestLimits limits) {
        JpaStorageSettings settings = new JpaStorageSettings();
        // _include / _revinclude (also :iterate) add at most this many resources to a page
        settings.setMaximumIncludesToLoadPerPage(limits.maxIncludedPerPage());
        settings.setAllowExternalReferences(properties.isAllowExternalReferences());
        settings.setAllowMultipleDelete(properties.isAllowMultipleDelete());
        // Off by default: a search answers from the database as it is now, on every node (docs/operations.md, "Scaling
        // out").
        settings.setReuseCachedSearchResultsForMillis(
                properties.getReuseCachedSearchResultsMillis() > 0
                        ? properties.getReuseCachedSearchResultsMillis()
                        : null);
        // No fetch-size maximum: HAPI would cut every synchronous search at it, its own included (a Bulk Data export
        // reads 800 resources at a time). Pages are capped by the paging provider's maximum page size instead.
        settings.setFetchSizeDefaultMaximum(null);
        settings.setResourceClientIdStrategy(properties.getClientIdStrategy());
        if (properties.getClientIdStrategy() == JpaStorageSettings.ClientIdStrategyEnum.ANY) {
            // Numeric server ids would collide with numeric client ids.
            settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
        }
        // HAPI's default: the total of the server's and a type's _history is counted at most once a minute (and not at
        // all with _since / _at); counting it exactly on every request makes a cheap request an expensive scan. A
        // resource's own _history is counted on every request all the same (HistoryCounts).
        settings.setHistoryCountMode(HistoryCountModeEnum.CACHED_ONLY_WITHOUT_OFFSET);
        // Storage (issue 23): fewer rows per resource.
        // One set of tags (the sensitivity labels, profiles) per record, not one per version: HAPI shows a record's
        // tags on each of its versions. Labels only ever get added (SensitivityLabeller keeps them on every update;
        // $meta-delete is refused), so an earlier version is never shown with fewer labels than it had. Records stored
        // before keep their tags in the same table (HFJ_RES_TAG), which reads and _security searches use in both modes.
        settings.setTagStorageMode(StorageSettings.TagStorageModeEnum.NON_VERSIONED);
        // No string index of each coding's display and text (it only answers a token :text search, which HAPI then
        // refuses with 4xx "The :text modifier is disabled on this server"; no client of ours uses it).
        settings.setSuppressStringIndexingInTokens(true);
        // Index rows keep their hashes only (no parameter name, resource type or update time copied into each).
        settings.setIndexStorageOptimized(true);
        // Without a full-text backend, :text and :contains searches and _content would silently do nothing.
        settings.setHibernateSearchIndexFullText(false);
        settings.setHibernateSearchIndexSearchParams(false);
        // Pre-expansion needs a full-text index; the IG's ValueSets are small and expand in memory.
        settings.setPreExpandValueSets(false);
        settings.setEnableTaskPreExpandValueSets(false);
        // Bulk Data export: every kick-off starts its own export. Reusing an earlier identical one would hand out files
        // older than the request (and its transactionTime), and files are bound to the client that started them.
        settings.setEnableTaskBulkExportJobExecution(properties.getBulkExport().isEnabled());
        settings.setEnableBulkExportJobReuse(false);
        settings.setBulkExportFileRetentionPeriodHours(
                properties.getBulkExport().getFileRetentionHours());
        return settings;
    }

    /**
     * How often HAPI's batch jobs (Bulk Data export, reindexing) move on to their next step. HAPI's default, a minute,
     * makes a small export take several minutes; a pass that finds nothing to do is one query.
     */
    @Bean
    public static BeanPostProcessor batchMaintenanceInterval(
            @Value("${hapi.fhir.batch-maintenance-interval:2s}") Duration interval) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof JobMaintenanceServiceImpl maintenance) {
                    maintenance.setScheduledJobFrequencyMillis(interval.toMillis());
                }
                return bean;
            }
        };
    }

    /** HAPI's memory caches, counting a resource's own history exactly (see {@link HistoryCounts}). */
    @Primary
    @Bean
    public MemoryCacheService historyCounts(JpaStorageSettings settings, FhirContext fhirContext) {
        return new HistoryCounts(settings, fhirContext);
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Primary
    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            JpaProperties jpaProperties,
            DataSourceProperties dataSourceProperties,
            DataSource dataSource,
            HapiSchemaMigration schemaMigratedFirst) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(hibernateProperties(jpaProperties, dataSourceProperties.determineUrl()));
        return factory;
    }

    /**
     * Hibernate settings: HAPI's dialect for the configured database, no schema changes (HAPI's migration tasks own the
     * schema: {@link HapiSchemaMigration}), no Hibernate Search. Anything under {@code spring.jpa.properties} overrides these defaults.
     */
    static Map<String, Object> hibernateProperties(JpaProperties jpaProperties, String jdbcUrl) {
        Map<String, Object> props = new HashMap<>(jpaProperties.getProperties());
        props.putIfAbsent(
                AvailableSettings.DIALECT, DatabaseDialect.forJdbcUrl(jdbcUrl).hibernateDialect());
        props.putIfAbsent(AvailableSettings.HBM2DDL_AUTO, "none");
        props.putIfAbsent(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
        props.putIfAbsent(AvailableSettings.IMPLICIT_NAMING_STRATEGY, SpringImplicitNamingStrategy.class.getName());
        props.putIfAbsent(
                AvailableSettings.PHYSICAL_NAMING_STRATEGY, CamelCaseToUnderscoresNamingStrategy.class.getName());
        props.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
        props.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
        props.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
        props.putIfAbsent(AvailableSettings.USE_STRUCTURED_CACHE, "false");
        props.putIfAbsent(AvailableSettings.USE_MINIMAL_PUTS, "false");
        props.putIfAbsent(HibernateOrmMapperSettings.ENABLED, "false");
        return props;
    }

    @Primary
    @Bean
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        // A request's transactions end at the request's deadline (ketamine.limits.request-time-limit); others have
        // none.
        return new RequestBoundTransactionManager(entityManagerFactory);
    }

    /** A transaction's bundle, kept for the rules that read the whole request (see {@link TransactionBundles}). */
    @Bean
    public FhirEndpointPart transactionBundles() {
        return FhirEndpointPart.storage(new TransactionBundles());
    }

    @Bean
    public IFulltextSearchSvc fullTextSearchSvc() {
        return new FulltextSearchSvcImpl();
    }

    @Bean
    public IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
        return new HSearchSortHelperImpl(searchParamRegistry);
    }

    @Bean
    public IStaleSearchDeletingSvc staleSearchDeletingSvc() {
        return new StaleSearchDeletingSvcImpl();
    }

    @Bean
    public IBinaryStorageSvc binaryStorageSvc() {
        return new DatabaseBinaryContentStorageSvcImpl();
    }

    @Bean
    public DatabaseBackedPagingProvider databaseBackedPagingProvider(FhirServerProperties properties) {
        DatabaseBackedPagingProvider pagingProvider = new DatabaseBackedPagingProvider();
        pagingProvider.setDefaultPageSize(properties.getDefaultPageSize());
        pagingProvider.setMaximumPageSize(properties.getMaxPageSize());
        return pagingProvider;
    }

    @Bean
    public IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
        return new DaoRegistryResourceSupportedSvc(daoRegistry);
    }

    @Bean(name = "myResourceCountsCache")
    public ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
        return ResourceCountCacheUtil.newResourceCountCache(systemDao);
    }
}
