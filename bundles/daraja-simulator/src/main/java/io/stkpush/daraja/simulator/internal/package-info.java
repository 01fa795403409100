/**
 * The Daraja simulator: an independent stand-in for Safaricom's Daraja API under {@code /daraja-sim}, answering
 * with Daraja's own paths, shapes and codes (see {@code shared/docs/daraja.md}), and delivering real HTTP
 * callbacks. It shares no code with the Daraja client on purpose.
 *
 * <h2>Scripted scenarios</h2>
 * Chosen by the last two digits of the STK push {@code PhoneNumber}:
 * <table>
 * <caption>Scenarios</caption>
 * <tr><th>digits</th><th>what happens</th></tr>
 * <tr><td>00</td><td>success (ResultCode 0, receipt) after {@code successDelay} (2 s)</td></tr>
 * <tr><td>01</td><td>cancelled by user, 1032, after {@code successDelay}</td></tr>
 * <tr><td>02</td><td>insufficient balance, 1, after {@code successDelay}</td></tr>
 * <tr><td>03</td><td>wrong PIN, 2001, after {@code successDelay}</td></tr>
 * <tr><td>04</td><td>no response, 1037, when the prompt expires ({@code promptLifetime}, 60 s)</td></tr>
 * <tr><td>05</td><td>success, but the callback is never delivered: only the status query reveals it</td></tr>
 * <tr><td>06</td><td>success, the callback delivered three times</td></tr>
 * <tr><td>07</td><td>success, the callback delivered before the push response is returned</td></tr>
 * <tr><td>08</td><td>success after {@code lateSuccessDelay} (120 s, after the operator's 96 s window)</td></tr>
 * <tr><td>09</td><td>HTTP 400 {@code 400.002.02 Bad Request - Invalid PhoneNumber} at once</td></tr>
 * <tr><td>10</td><td>HTTP 500 {@code 500.001.1001 Unable to lock subscriber, a transaction is already in
 * process for the current subscriber}</td></tr>
 * <tr><td>11</td><td>the status query answers the legacy HTTP 500 {@code 500.001.1001 The transaction is being
 * processed} while pending; success after {@code successDelay}</td></tr>
 * <tr><td>12</td><td>HTTP 500 {@code 500.003.02 System is busy. Please try again in few minutes.}</td></tr>
 * <tr><td>13</td><td>the answer to the push is lost: held {@code lostAnswerHold} (35 s, past the client's read
 * timeout), then HTTP 504 with an empty body; the prompt went out all the same and is paid after
 * {@code lateSuccessDelay}, its callback delivered to the URL the push gave</td></tr>
 * <tr><td>other</td><td>rings the virtual phone ({@code /daraja-sim/phone}): the configured PIN pays, another
 * PIN gives 2001, Cancel gives 1032, no answer gives 1037 after {@code promptLifetime}</td></tr>
 * </table>
 * Amounts above KES 250,000 are accepted and then declined with ResultCode 3, as Daraja's limit rule does.
 *
 * <h2>Faults and the simulator's own record</h2>
 * Every Daraja call passes the {@code Gateway}: it is counted, refused with
 * spike arrest beyond {@code rateLimitPerSecond}, and with probability {@code faultRate} answered with a fault drawn
 * from {@code faults} ({@code FaultKind}). Faults that lose or spoil an answer
 * to a push ({@code timeout}, {@code malformed}, half of {@code server_error}) come after the prompt went out, so a
 * client must treat them as "unknown". {@code GET /daraja-sim/ledger} lists every prompt that went out, once, with
 * how it ended and what became of its callbacks, and counts calls, faults and tokens; fault tests compare a system
 * under test against it.
 *
 * <h2>Realistic subscribers</h2>
 * With {@code realisticMode} ({@code unscripted}: numbers without a scripted scenario; {@code all}: every number) a
 * prompt is answered by a drawn subscriber ({@code Subscribers}): a drawn outcome (paid, cancelled, wrong PIN,
 * insufficient balance, no answer) after a drawn delay, its callback a drawn moment later or, for a share, never.
 * Off by default, so every scripted scenario keeps its behaviour. Waiting prompts are entries in a scheduler's
 * queue and callbacks are POSTed by a bounded pool, so a load test's thousands of prompts cost no threads.
 */
package io.stkpush.daraja.simulator.internal;
