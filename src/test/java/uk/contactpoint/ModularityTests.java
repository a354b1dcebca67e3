package uk.contactpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(ContactPointApplication.class);

    @Test
    void modules_only_reach_each_other_through_their_api_and_without_cycles() {
        MODULES.verify();
    }

    @Test
    void the_modules_are_the_ones_the_architecture_names() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .contains("directory", "matching", "feeds", "access", "audit", "web", "cli", "generator", "kernel");
    }

    @Test
    void the_matching_engine_uses_no_spring() {
        var classes = new ClassFileImporter().importPackages("uk.contactpoint.matching");
        assertThat(classes).isNotEmpty();
        classes.forEach(c -> assertThat(c.getDirectDependenciesFromSelf())
                .noneMatch(d -> d.getTargetClass().getPackageName().startsWith("org.springframework")
                        && !d.getOriginClass().getSimpleName().equals("package-info")));
    }

    @Test
    void writes_the_module_documentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
