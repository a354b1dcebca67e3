/**
 * The access log: append-only and hash-chained, written in the same transaction as the action it describes, so that
 * no response leaves without its record and no record can be changed without detection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package uk.contactpoint.audit;
