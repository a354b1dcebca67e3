/**
 * The directory: one record per child, built from the source records linked to it, with names, address, carers and
 * the services involved; and the ordered change log that derived copies (the search index) follow.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Directory")
package uk.contactpoint.directory;
