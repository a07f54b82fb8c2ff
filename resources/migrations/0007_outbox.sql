CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`kind` text NOT NULL,
	`lot_id` text,
	`created_at` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_id_unique` ON `outbox` (`id`);--> statement-breakpoint
CREATE INDEX `outbox_state_seq` ON `outbox` (`state`,`seq`);--> statement-breakpoint
CREATE TABLE `outbox_bodies` (
	`seq` integer PRIMARY KEY NOT NULL,
	`payload` text NOT NULL,
	`events` text,
	FOREIGN KEY (`seq`) REFERENCES `outbox`(`seq`) ON UPDATE no action ON DELETE no action
);
