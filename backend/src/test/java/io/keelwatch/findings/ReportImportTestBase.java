package io.keelwatch.findings;

import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** What every report-import test starts from: the API, and a fresh project of team alpha (alice's). */
@KeelwatchIntegrationTest
public abstract class ReportImportTestBase {

    @Autowired
    public MockMvc mvc;
    @Autowired
    public TestWorld world;
    @Autowired
    public JdbcClient jdbc;

    public ScanUploads uploads;
    public ProjectRef project;

    @BeforeEach
    void freshProjectOfTeamAlpha() {
        uploads = new ScanUploads(mvc);
        project = world.alphaProject();
    }
}
