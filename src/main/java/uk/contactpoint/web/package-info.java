/** The web interface: server-rendered GOV.UK Design System pages. */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package uk.contactpoint.web;
