/** The command line: every use of ContactPoint starts here (demo, serve, generate, check-feed, ...). */
@org.springframework.modulith.ApplicationModule(displayName = "Command line")
package uk.contactpoint.cli;
