package uk.contactpoint.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Serves GOV.UK Frontend from its WebJar: its stylesheet and script under /govuk, its fonts and images under /assets. */
@Configuration
class WebConfiguration implements WebMvcConfigurer {

    private final String govukFrontend;

    WebConfiguration(@Value("${contactpoint.govuk-frontend-version}") String version) {
        this.govukFrontend = "classpath:/META-INF/resources/webjars/govuk-frontend/" + version + "/dist/govuk/";
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/govuk/**").addResourceLocations(govukFrontend);
        registry.addResourceHandler("/assets/**").addResourceLocations(govukFrontend + "assets/");
    }
}
