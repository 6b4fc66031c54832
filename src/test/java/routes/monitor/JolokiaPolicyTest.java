package routes.monitor;

import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.management.ObjectName;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The restrictor camel-platform-http-jolokia loads from classpath:/jolokia-access.xml, one row per decision. */
class JolokiaPolicyTest {

    private static final String ROUTE = "org.apache.camel:context=event-pipeline,type=routes,name=\"batcher-consume\"";
    private static final String CONTEXT = "org.apache.camel:context=event-pipeline,type=context,name=\"event-pipeline\"";
    private static final String AGGREGATOR = "org.apache.camel:context=event-pipeline,type=processors,name=\"batch-aggregator\"";

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "read  | " + ROUTE + "                                 | ExchangesCompleted     | true",
            "read  | java.lang:type=Memory                         | HeapMemoryUsage        | true",
            "read  | event-pipeline:context=x,type=Batcher          | OpenBatches            | true",
            "exec  | " + ROUTE + "                                 | stop                   | true",
            "exec  | " + ROUTE + "                                 | start                  | true",
            "exec  | " + ROUTE + "                                 | suspend                | true",
            "exec  | " + ROUTE + "                                 | resume                 | true",
            "exec  | " + ROUTE + "                                 | reset                  | true",
            "exec  | " + ROUTE + "                                 | dumpRouteStatsAsXml    | true",
            "exec  | " + CONTEXT + "                               | dumpRoutesStatsAsXml   | true",
            "exec  | " + AGGREGATOR + "                            | forceCompletionOfAllGroups | true",
            // as Hawtio sends them: with the signature
            "exec  | " + ROUTE + "                                 | stop()                 | true",
            "exec  | " + ROUTE + "                                 | stop(long)             | true",
            "exec  | " + ROUTE + "                                 | start()                | true",
            "exec  | " + ROUTE + "                                 | suspend()              | true",
            "exec  | " + ROUTE + "                                 | resume()               | true",
            "exec  | " + ROUTE + "                                 | reset(boolean)         | true",
            "exec  | " + ROUTE + "                                 | dumpRouteStatsAsXml(boolean,boolean) | true",
            "exec  | " + CONTEXT + "                               | componentNames()       | true",
            "exec  | " + AGGREGATOR + "                            | forceCompletionOfAllGroups() | true",
            "exec  | " + AGGREGATOR + "                            | forceCompletionOfGroup(java.lang.String) | true",
            "exec  | java.lang:type=Threading                      | dumpAllThreads(boolean,boolean) | true",
            "exec  | java.lang:type=Threading                      | dumpAllThreads(boolean, boolean) | true",
            "exec  | org.apache.camel:context=event-pipeline,type=services,name=DefaultAsyncProcessorAwaitManager | browse() | true",
            "exec  | " + ROUTE + "                                 | remove()               | false",
            "exec  | " + CONTEXT + "                               | stop()                 | false",
            "exec  | " + CONTEXT + "                               | sendBody(java.lang.String,java.lang.Object) | false",
            "exec  | " + AGGREGATOR + "                            | forceDiscardingOfAllGroups() | false",
            "exec  | java.lang:type=Memory                         | gc()                   | false",
            "exec  | java.lang:type=Threading                      | setThreadCpuTimeEnabled(boolean) | false",
            "exec  | com.sun.management:type=DiagnosticCommand     | vmVersion()            | false",
            "exec  | com.sun.management:type=HotSpotDiagnostic     | dumpHeap(java.lang.String,boolean) | false",
            "exec  | java.lang:type=Threading                      | dumpAllThreads         | true",
            "exec  | java.lang:type=Threading                      | findDeadlockedThreads  | true",
            "exec  | org.apache.camel:context=event-pipeline,type=services,name=DefaultAsyncProcessorAwaitManager | browse | true",
            "exec  | java.lang:type=Threading                      | setThreadCpuTimeEnabled | false",
            "exec  | org.apache.camel:context=event-pipeline,type=services,name=DefaultInflightRepository | browse | false",
            "exec  | " + ROUTE + "                                 | remove                 | false",
            "exec  | " + ROUTE + "                                 | updateRouteFromXml     | false",
            "exec  | " + CONTEXT + "                               | sendBody               | false",
            "exec  | " + CONTEXT + "                               | requestBodyAndHeaders  | false",
            "exec  | " + CONTEXT + "                               | createEndpoint         | false",
            "exec  | " + CONTEXT + "                               | stop                   | false",
            "exec  | " + AGGREGATOR + "                            | forceDiscardingOfAllGroups | false",
            "exec  | " + AGGREGATOR + "                            | disable                | false",
            "exec  | com.sun.management:type=DiagnosticCommand     | vmVersion              | false",
            "exec  | com.sun.management:type=DiagnosticCommand     | jfrStart               | false",
            "read  | com.sun.management:type=DiagnosticCommand     | ImplementationVersion  | false",
            "exec  | com.sun.management:type=HotSpotDiagnostic     | dumpHeap               | false",
            "read  | com.sun.management:type=HotSpotDiagnostic     | DiagnosticOptions      | false",
            "exec  | jdk.management.jfr:type=FlightRecorder        | startRecording         | false",
            "exec  | java.lang:type=Memory                         | gc                     | false",
            "exec  | java.lang:type=Runtime                        | anything               | false",
            "write | java.lang:type=Memory                         | Verbose                | false",
            "write | " + ROUTE + "                                 | Tracing                | false",
            "write | event-pipeline:context=x,type=Batcher          | OpenBatches            | false",
    })
    void allowsReadingAndTheOperatorsCamelOperationsOnly(String type, String mbean, String name, boolean allowed) throws Exception {
        PolicyRestrictor policy = policy();
        ObjectName objectName = new ObjectName(mbean);
        boolean actual = switch (type) {
            case "read" -> policy.isAttributeReadAllowed(objectName, name);
            case "write" -> policy.isAttributeWriteAllowed(objectName, name);
            case "exec" -> policy.isOperationAllowed(objectName, name);
            default -> throw new IllegalArgumentException(type);
        };
        assertThat(actual).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"read,true", "list,true", "search,true", "version,true", "write,false", "exec,false", "notification,false"})
    void requestTypesAllowedEverywhere(String type, boolean allowed) throws Exception {
        // exec is not allowed in general: only the operations listed in <allow> (the table above) get through
        assertThat(policy().isTypeAllowed(RequestType.getTypeByName(type))).isEqualTo(allowed);
    }

    private static PolicyRestrictor policy() throws Exception {
        try (InputStream in = JolokiaPolicyTest.class.getResourceAsStream("/jolokia-access.xml")) {
            return new PolicyRestrictor(in);
        }
    }
}
