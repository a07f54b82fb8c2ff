CREATE TABLE `day_closes` (
	`id` text PRIMARY KEY NOT NULL,
	`day` text NOT NULL,
	`closed_at` text NOT NULL,
	`closed_by` text NOT NULL,
	`closed_by_name` text NOT NULL,
	`outstanding` text NOT NULL,
	`chain_seq` integer NOT NULL,
	`chain_hash` text NOT NULL,
	`report` text NOT NULL,
	`content_hash` text NOT NULL,
	`signature` text NOT NULL,
	FOREIGN KEY (`closed_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `day_closes_day` ON `day_closes` (`day`);