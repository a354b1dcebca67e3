package uk.contactpoint.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The chainer and the checkpoints run on schedules. */
@Configuration
@EnableScheduling
class AuditConfiguration {}
