package io.stkpush.daraja.simulator.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads PID {@code io.stkpush.daraja.simulator} and publishes the {@link MpesaSandbox} the resources use.
 * The sandbox is registered by hand, without properties: as a DS service it would carry the configuration,
 * passkey and consumer secret included, as service properties that any bundle can list.
 */
@Component(configurationPid = SimulatorConfig.PID)
@Designate(ocd = SimulatorConfig.class)
public class SimulatorSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorSetup.class);

    private final MpesaSandbox sandbox;
    private final ServiceRegistration<MpesaSandbox> registration;

    @Activate
    public SimulatorSetup(BundleContext context, SimulatorConfig config) {
        sandbox = new MpesaSandbox(SimulatorSettings.from(config));
        registration = context.registerService(MpesaSandbox.class, sandbox, null);
        LOG.info("Daraja simulator ready under /daraja-sim: {}", sandbox.settings());
    }

    /** Applies live to what happens next; outcomes already scheduled keep their time. */
    @Modified
    void modified(SimulatorConfig config) {
        sandbox.configure(SimulatorSettings.from(config));
        LOG.info("Daraja simulator reconfigured: {}", sandbox.settings());
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        sandbox.stop();
    }
}
