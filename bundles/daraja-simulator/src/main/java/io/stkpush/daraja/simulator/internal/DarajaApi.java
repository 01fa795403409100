package io.stkpush.daraja.simulator.internal;

/** The Daraja calls the simulator counts in {@code /daraja-sim/ledger}, under these names. */
enum DarajaApi {
    TOKEN("token", true),
    STK_PUSH("stkPush", true),
    STK_QUERY("stkQuery", true),
    C2B_REGISTER("c2bRegister", true),
    /** The sandbox-only C2B simulation: counted and rate limited, but no faults (it is a test tool, not M-Pesa). */
    C2B_SIMULATE("c2bSimulate", false);

    private final String key;
    private final boolean faulty;

    DarajaApi(String key, boolean faulty) {
        this.key = key;
        this.faulty = faulty;
    }

    String key() {
        return key;
    }

    /** Whether {@code faultRate} applies to this call. */
    boolean faulty() {
        return faulty;
    }
}
