/**
 * Organisations, users and roles; eligibility (vetting and training); sign-in; and the authorisation rules that every
 * other module's endpoints use.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package uk.contactpoint.access;
