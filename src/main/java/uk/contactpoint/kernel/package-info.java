/**
 * The shared kernel: self-validating identifiers and values that every module speaks (NHS number, UPN, postcode,
 * ContactPoint ID, gender, service type). Plain Java, no Spring, so that the matching engine can use it too.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package uk.contactpoint.kernel;
