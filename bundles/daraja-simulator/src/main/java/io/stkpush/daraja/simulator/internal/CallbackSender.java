package io.stkpush.daraja.simulator.internal;

import java.io.IOException;
import java.net.URI;

/** POSTs a notification (STK callback, C2B validation or confirmation) to the integrator's URL. */
interface CallbackSender {

    /**
     * @return the response body of a 2xx answer
     * @throws IOException when the URL cannot be reached or answers anything but 2xx
     */
    String post(URI url, String json) throws IOException;
}
