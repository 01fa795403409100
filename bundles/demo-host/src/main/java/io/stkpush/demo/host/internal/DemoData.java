package io.stkpush.demo.host.internal;

import java.time.Period;
import java.util.List;

/**
 * What the demo host starts with: plans with prices and about fifty subscribers. In the demo the Daraja simulator
 * decides what happens to a push by the <b>last two digits</b> of the phone, so the first fourteen subscribers
 * carry one scripted ending each (00–13) and everyone else rings the virtual phone page. See the bundle's
 * README for the table.
 */
final class DemoData {

    private DemoData() {
    }

    record SeedPlan(String id, String name, long priceKes, Period period) {
    }

    /**
     * @param expiresInDays days from the first start until the subscription ends (negative: already expired)
     */
    record SeedSubscriber(String id, String name, String account, String phone, String planId, int expiresInDays) {
    }

    static final List<SeedPlan> PLANS = List.of(
            new SeedPlan("home-5", "Home 5 Mbps", 1_500, Period.ofMonths(1)),
            new SeedPlan("home-10", "Home 10 Mbps", 2_500, Period.ofMonths(1)),
            new SeedPlan("home-20", "Home 20 Mbps", 3_500, Period.ofMonths(1)),
            new SeedPlan("business-20", "Business 20 Mbps", 6_000, Period.ofMonths(1)),
            new SeedPlan("business-50", "Business 50 Mbps", 12_000, Period.ofMonths(1)),
            new SeedPlan("weekly-3", "Weekly 3 Mbps", 400, Period.ofDays(7)));

    static final List<SeedSubscriber> SUBSCRIBERS = List.of(
            // scripted simulator scenarios: 07000000NN, NN = the scenario
            s(1, "Grace Wanjiku", "0700000000", "home-5", 12),          // 00 success
            s(2, "Brian Otieno", "0700000001", "home-10", 3),           // 01 cancelled by the customer
            s(3, "Faith Achieng", "0700000002", "home-5", -2),          // 02 insufficient balance
            s(4, "Kevin Kiprop", "0700000003", "home-20", 20),          // 03 wrong PIN
            s(5, "Mercy Njeri", "0700000004", "home-5", 1),             // 04 no response
            s(6, "Dennis Mutua", "0700000005", "home-10", 8),           // 05 no callback, polling finds it
            s(7, "Esther Chebet", "0700000006", "business-20", 15),     // 06 callback three times
            s(8, "Collins Omondi", "0700000007", "home-5", -6),         // 07 callback before the answer
            s(9, "Purity Wambui", "0700000008", "home-10", 4),          // 08 pays after the 96 s window
            s(10, "Samuel Kamau", "0700000009", "home-5", 25),          // 09 invalid phone number
            s(11, "Lucy Atieno", "0700000010", "weekly-3", 2),          // 10 subscriber busy
            s(12, "Joseph Mwangi", "0700000011", "home-20", 9),         // 11 legacy "being processed" query
            s(13, "Caroline Jepkosgei", "0700000012", "home-5", -1),    // 12 system busy
            s(14, "Peter Njoroge", "0700000013", "home-10", 18),        // 13 the answer to the push is lost
            // the virtual phone (/daraja-sim/phone): any other ending
            s(15, "Ann Muthoni", "0722415714", "home-5", 5),
            s(16, "David Ouma", "0798 120 316", "home-20", -3),
            s(17, "Janet Nyambura", "0113 456 718", "home-5", 27),
            s(18, "Victor Kiptoo", "254721 908 821", "business-20", 11),
            s(19, "Sharon Akinyi", "0745 667 123", "home-10", 0),
            s(20, "Daniel Kariuki", "0710 234 525", "home-5", 14),
            s(21, "Mary Wairimu", "0768 901 227", "weekly-3", 3),
            s(22, "James Ochieng", "0729 345 629", "home-10", -8),
            s(23, "Beatrice Jeruto", "0757 112 231", "home-5", 21),
            s(24, "Kamau Hardware Ltd", "0720 600 733", "business-50", 30),
            s(25, "Ruth Adhiambo", "0791 234 535", "home-20", 6),
            s(26, "Patrick Maina", "0714 888 937", "home-5", -12),
            s(27, "Winnie Chepkemoi", "0111 222 339", "home-10", 16),
            s(28, "Stephen Wafula", "0726 543 241", "home-5", 2),
            s(29, "Eunice Nduta", "0740 321 643", "weekly-3", 5),
            s(30, "Moses Barasa", "0723 987 645", "home-10", 23),
            s(31, "Agnes Moraa", "0705 432 147", "home-5", -4),
            s(32, "Sandbox Test Subscriber", "254708374149", "home-5", 10),   // Daraja's sandbox number
            s(33, "Francis Kirui", "0719 876 551", "home-20", 7),
            s(34, "Lilian Wangari", "0759 345 653", "home-5", 19),
            s(35, "Charles Onyango", "0727 765 455", "home-10", -1),
            s(36, "Nancy Kerubo", "0746 908 757", "home-5", 13),
            s(37, "Anthony Musyoka", "0790 111 259", "business-20", 28),
            s(38, "Diana Nafula", "0715 246 861", "home-10", 4),
            s(39, "Michael Rotich", "0724 135 763", "home-5", 22),
            s(40, "Joyce Mumbua", "0769 579 165", "weekly-3", 1),
            s(41, "Paul Wekesa", "0701 468 267", "home-20", -7),
            s(42, "Rose Nyokabi", "0718 357 969", "home-5", 17),
            s(43, "Eric Kipchumba", "0728 642 071", "home-10", 9),
            s(44, "Alice Awino", "0112 753 173", "home-5", 26),
            s(45, "John Gitau", "0742 864 277", "home-5", -9),
            s(46, "Nyeri Cyber Cafe", "0722 975 381", "business-20", 12),
            s(47, "Martin Odhiambo", "0795 186 485", "home-10", 3),
            s(48, "Catherine Kemunto", "0717 297 589", "home-20", 24),
            s(49, "Simon Langat", "0741 308 693", "home-5", 8),
            s(50, "Mama Mboga Supplies", "0725 419 799", "business-50", 15));

    private static SeedSubscriber s(int number, String name, String phone, String planId, int expiresInDays) {
        return new SeedSubscriber(String.format("sub-%04d", number), name, String.format("ACC-%04d", number), phone,
                planId, expiresInDays);
    }
}
