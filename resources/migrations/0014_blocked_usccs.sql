CREATE TABLE `blocked_usccs` (
	`uscc` text PRIMARY KEY NOT NULL,
	`subject_id` text NOT NULL,
	`reason` text NOT NULL,
	`blocked_at` text NOT NULL,
	`blocked_by` text NOT NULL,
	`lifted_at` text,
	`lifted_by` text,
	FOREIGN KEY (`subject_id`) REFERENCES `subjects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`blocked_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Suppliers blocked before this version keep their block on the credit code too.
INSERT OR IGNORE INTO `blocked_usccs` (`uscc`, `subject_id`, `reason`, `blocked_at`, `blocked_by`)
SELECT `uscc`, `id`, coalesce(`blocked_reason`, ''), `updated_at`, `updated_by` FROM `subjects` WHERE `blocked` = 1 AND `uscc` IS NOT NULL ORDER BY `updated_at`;
