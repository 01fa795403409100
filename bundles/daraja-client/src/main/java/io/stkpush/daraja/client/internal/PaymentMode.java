package io.stkpush.daraja.client.internal;

/** Paybill or Till: decides TransactionType and PartyB of an STK push. */
enum PaymentMode {
    PAYBILL("CustomerPayBillOnline"), TILL("CustomerBuyGoodsOnline");

    private final String transactionType;

    PaymentMode(String transactionType) {
        this.transactionType = transactionType;
    }

    String transactionType() {
        return transactionType;
    }
}
