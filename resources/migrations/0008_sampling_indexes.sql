DROP INDEX `entry_checks_created_at`;--> statement-breakpoint
CREATE INDEX `entry_checks_day` ON `entry_checks` (`created_at`,`outcome`,`lot_id`);--> statement-breakpoint
CREATE INDEX `rapid_tests_positive` ON `rapid_tests` (`verdict`,`created_at`);