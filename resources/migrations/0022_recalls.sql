CREATE TABLE `recall_lots` (
	`recall_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`prior_status` text NOT NULL,
	`prior_zone` text NOT NULL,
	`progress` text NOT NULL,
	`progress_at` text,
	`progress_by` text,
	`progress_note` text,
	PRIMARY KEY(`recall_id`, `lot_id`),
	FOREIGN KEY (`recall_id`) REFERENCES `recalls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`progress_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recall_lots_lot` ON `recall_lots` (`lot_id`);--> statement-breakpoint
CREATE TABLE `recalls` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`source_ref` text,
	`scope_kind` text NOT NULL,
	`scope_label` text NOT NULL,
	`scope_json` text NOT NULL,
	`range_from` text,
	`range_to` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`closed_at` text,
	`closed_by` text,
	`lifted_at` text,
	`lifted_by` text,
	`lift_reason` text,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recalls_number_unique` ON `recalls` (`number`);--> statement-breakpoint
CREATE INDEX `recalls_status` ON `recalls` (`status`,`created_at`);