CREATE TABLE `departures` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`vehicle` text,
	`buyer` text,
	`prior_zone` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departures_lot_id_unique` ON `departures` (`lot_id`);--> statement-breakpoint
CREATE INDEX `departures_created` ON `departures` (`created_at`);--> statement-breakpoint
CREATE TABLE `exit_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`lot_id` text,
	`lot_status` text,
	`scanned` text,
	`note` text,
	`vehicle` text,
	`buyer` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exit_exceptions_created` ON `exit_exceptions` (`created_at`);