package io.keelwatch.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The SQL the application sends to the real database while a test records on its own thread
 * (MockMvc serves a request on the calling thread): a test-only hook around the application's
 * {@link DataSource}, nothing mocked. Import it into a test; that test then gets a context of its own.
 */
@TestComponent
public class StatementRecorder implements BeanPostProcessor {

    /** Something the test does while statements are recorded. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final ThreadLocal<List<String>> recording = new ThreadLocal<>();

    /** The statements sent on this thread while {@code action} ran, in order. */
    public List<String> during(Action action) throws Exception {
        List<String> statements = new ArrayList<>();
        recording.set(statements);
        try {
            action.run();
        } finally {
            recording.remove();
        }
        return List.copyOf(statements);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? new RecordingDataSource(dataSource) : bean;
    }

    private void record(Object sql) {
        List<String> statements = recording.get();
        if (statements != null && sql instanceof String text) {
            statements.add(text);
        }
    }

    /** Hands out connections that record what they prepare, and statements that record what they execute. */
    private final class RecordingDataSource extends DelegatingDataSource {

        RecordingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return recording(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return recording(super.getConnection(username, password));
        }

        private Connection recording(Connection connection) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") && args != null) {
                            record(args[0]);
                        }
                        Object result = call(method, connection, args);
                        return result instanceof Statement statement && method.getName().equals("createStatement")
                                ? recording(statement) : result;
                    });
        }

        private Statement recording(Statement statement) {
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                    (proxy, method, args) -> {
                        if ((method.getName().startsWith("execute") || method.getName().equals("addBatch")) && args != null) {
                            record(args[0]);
                        }
                        return call(method, statement, args);
                    });
        }

        private static Object call(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
